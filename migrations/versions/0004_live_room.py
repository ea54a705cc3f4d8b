"""The live room: a numbered event log per session, timers, joining, moderation, word filter.

Existing sessions get an event counter at 0; idea statuses gain "pending" (pre-moderation)
and "off_topic"; ideas and votes get a version so voters see a corrected idea changed.

Revision ID: 0004_live_room
Revises: 0003_run_heartbeats
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_live_room'
down_revision = '0003_run_heartbeats'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('blocked_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blocked_terms')),
    sa.UniqueConstraint('term', name=op.f('uq_blocked_terms_term'))
    )
    op.create_table('session_event_counters',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['brainstorm_sessions.id'], name=op.f('fk_session_event_counters_session_id_brainstorm_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', name=op.f('pk_session_event_counters'))
    )
    op.create_table('session_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('audience', sa.String(length=10), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.CheckConstraint("audience IN ('all', 'staff')", name=op.f('ck_session_events_audience_known')),
    sa.ForeignKeyConstraint(['session_id'], ['brainstorm_sessions.id'], name=op.f('fk_session_events_session_id_brainstorm_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_events')),
    sa.UniqueConstraint('session_id', 'seq', name='uq_session_events_session_seq')
    )
    with op.batch_alter_table('brainstorm_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('joining_open', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('moderation', sa.String(length=10), server_default='post', nullable=False))
        batch_op.add_column(sa.Column('show_live_counts', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('phase_deadline', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('timer_remaining', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('collecting_minutes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('voting_minutes', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_brainstorm_sessions_moderation_known'), "moderation IN ('post', 'pre')")

    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.drop_constraint(op.f('ck_ideas_status_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_ideas_status_known'), "status IN ('visible', 'hidden', 'pending', 'off_topic')"
        )

    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idea_version', sa.Integer(), server_default='1', nullable=False))

    op.execute("INSERT INTO session_event_counters (session_id, last_seq) SELECT id, 0 FROM brainstorm_sessions")


def downgrade():
    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.drop_column('idea_version')

    op.execute("UPDATE ideas SET status = 'hidden' WHERE status IN ('pending', 'off_topic')")
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_ideas_status_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_ideas_status_known'), "status IN ('visible', 'hidden')")
        batch_op.drop_column('version')

    with op.batch_alter_table('brainstorm_sessions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_brainstorm_sessions_moderation_known'), type_='check')
        batch_op.drop_column('voting_minutes')
        batch_op.drop_column('collecting_minutes')
        batch_op.drop_column('timer_remaining')
        batch_op.drop_column('phase_deadline')
        batch_op.drop_column('show_live_counts')
        batch_op.drop_column('moderation')
        batch_op.drop_column('joining_open')

    op.drop_table('session_events')
    op.drop_table('session_event_counters')
    op.drop_table('blocked_terms')
