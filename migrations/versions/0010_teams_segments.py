"""Teams and locations, the customer-segment register, segment tags on sessions and standards,
a participant's self-declared team and an objective's owner team.

Revision ID: 0010_teams_segments
Revises: 0009_procedures
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_teams_segments'
down_revision = '0009_procedures'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'teams',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('description', sa.String(length=500), server_default='', nullable=False),
        sa.Column('retired', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('link_token_hash', sa.String(length=64), nullable=True),
        sa.Column('link_rotated_at', sa.DateTime(), nullable=True),
        sa.Column('standing_session_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['standing_session_id'], ['brainstorm_sessions.id'],
            name=op.f('fk_teams_standing_session_id_brainstorm_sessions'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_teams')),
        sa.UniqueConstraint('link_token_hash', name=op.f('uq_teams_link_token_hash')),
        sa.UniqueConstraint('name', name=op.f('uq_teams_name')),
    )
    op.create_table(
        'customer_segments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('description', sa.String(length=1000), server_default='', nullable=False),
        sa.Column('share_percent', sa.Float(), nullable=True),
        sa.Column('channels', sa.JSON(), nullable=False),
        sa.Column('needs', sa.String(length=1000), server_default='', nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_segments')),
        sa.UniqueConstraint('name', name=op.f('uq_customer_segments_name')),
    )
    op.create_table(
        'session_segments',
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('segment_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['segment_id'], ['customer_segments.id'],
            name=op.f('fk_session_segments_segment_id_customer_segments'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['session_id'], ['brainstorm_sessions.id'],
            name=op.f('fk_session_segments_session_id_brainstorm_sessions'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('session_id', 'segment_id', name=op.f('pk_session_segments')),
    )
    op.create_table(
        'standard_segments',
        sa.Column('standard_id', sa.Integer(), nullable=False),
        sa.Column('segment_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['segment_id'], ['customer_segments.id'],
            name=op.f('fk_standard_segments_segment_id_customer_segments'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['standard_id'], ['candidate_standards.id'],
            name=op.f('fk_standard_segments_standard_id_candidate_standards'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('standard_id', 'segment_id', name=op.f('pk_standard_segments')),
    )
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_participants_team_id_teams'), 'teams', ['team_id'], ['id'],
            ondelete='SET NULL',
        )
    with op.batch_alter_table('objectives', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_team_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_objectives_owner_team_id'), ['owner_team_id'])
        batch_op.create_foreign_key(
            batch_op.f('fk_objectives_owner_team_id_teams'), 'teams', ['owner_team_id'], ['id'],
            ondelete='SET NULL',
        )


def downgrade():
    with op.batch_alter_table('objectives', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_objectives_owner_team_id_teams'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_objectives_owner_team_id'))
        batch_op.drop_column('owner_team_id')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_participants_team_id_teams'), type_='foreignkey')
        batch_op.drop_column('team_id')
    op.drop_table('standard_segments')
    op.drop_table('session_segments')
    op.drop_table('customer_segments')
    op.drop_table('teams')
