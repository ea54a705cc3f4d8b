"""Voting that ranks fairly: dots, stars and pairwise modes, exposure counts, ballot cards,
comments, follow-up sessions, and organisation settings (the k of k-anonymity).

Revision ID: 0007_voting
Revises: 0006_themes
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_voting'
down_revision = '0006_themes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('org_settings',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_org_settings'))
    )
    op.create_table('ballot_cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('used', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['brainstorm_sessions.id'], name=op.f('fk_ballot_cards_session_id_brainstorm_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_cards')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_ballot_cards_code_hash'))
    )
    with op.batch_alter_table('ballot_cards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_cards_session_id'), ['session_id'], unique=False)

    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('visible', 'hidden', 'pending')", name=op.f('ck_comments_status_known')),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_comments_idea_id_ideas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_comments_participant_id_participants'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments'))
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index('ix_comments_idea_status', ['idea_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_comments_participant_id'), ['participant_id'], unique=False)

    op.create_table('pair_choices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('low_id', sa.Integer(), nullable=False),
    sa.Column('high_id', sa.Integer(), nullable=False),
    sa.Column('winner_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('low_id < high_id', name=op.f('ck_pair_choices_pair_ordered')),
    sa.ForeignKeyConstraint(['high_id'], ['ideas.id'], name=op.f('fk_pair_choices_high_id_ideas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['low_id'], ['ideas.id'], name=op.f('fk_pair_choices_low_id_ideas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_pair_choices_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['brainstorm_sessions.id'], name=op.f('fk_pair_choices_session_id_brainstorm_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['winner_id'], ['ideas.id'], name=op.f('fk_pair_choices_winner_id_ideas'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pair_choices')),
    sa.UniqueConstraint('participant_id', 'low_id', 'high_id', name='uq_pair_choices_pair')
    )
    with op.batch_alter_table('pair_choices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pair_choices_session_id'), ['session_id'], unique=False)

    with op.batch_alter_table('brainstorm_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dot_budget', sa.Integer(), server_default='5', nullable=False))
        batch_op.add_column(sa.Column('dots_per_idea', sa.Integer(), server_default='3', nullable=False))
        batch_op.add_column(sa.Column('allow_self_votes', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('ballot_cards', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('follow_up_of_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_brainstorm_sessions_follow_up_of_id_brainstorm_sessions'), 'brainstorm_sessions', ['follow_up_of_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_constraint(op.f('ck_brainstorm_sessions_voting_mode_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_brainstorm_sessions_voting_mode_known'),
            "voting_mode IN ('upvote', 'dots', 'stars', 'pairwise')",
        )

    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('exposures', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('carried_from_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_ideas_carried_from_id_ideas'), 'ideas', ['carried_from_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dots_used', sa.Integer(), server_default='0', nullable=False))



def downgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('dots_used')

    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_ideas_carried_from_id_ideas'), type_='foreignkey')
        batch_op.drop_column('carried_from_id')
        batch_op.drop_column('exposures')

    op.execute("UPDATE brainstorm_sessions SET voting_mode = 'upvote'")
    with op.batch_alter_table('brainstorm_sessions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_brainstorm_sessions_voting_mode_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_brainstorm_sessions_voting_mode_known'), "voting_mode IN ('upvote')"
        )
        batch_op.drop_constraint(batch_op.f('fk_brainstorm_sessions_follow_up_of_id_brainstorm_sessions'), type_='foreignkey')
        batch_op.drop_column('follow_up_of_id')
        batch_op.drop_column('ballot_cards')
        batch_op.drop_column('allow_self_votes')
        batch_op.drop_column('dots_per_idea')
        batch_op.drop_column('dot_budget')

    with op.batch_alter_table('pair_choices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pair_choices_session_id'))

    op.drop_table('pair_choices')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comments_participant_id'))
        batch_op.drop_index('ix_comments_idea_status')

    op.drop_table('comments')
    with op.batch_alter_table('ballot_cards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_cards_session_id'))

    op.drop_table('ballot_cards')
    op.drop_table('org_settings')
