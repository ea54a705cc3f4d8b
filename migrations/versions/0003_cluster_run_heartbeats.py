"""Clustering runs get a start time and a heartbeat, and at most one runs per session.

Runs left "running" by the old code (a thread in a web worker that has since restarted)
get their creation time as heartbeat, so the app gives them up the first time it looks.
If a session somehow holds several running runs, all but the newest are marked failed
first, so that the one-running-run index can be built.

Revision ID: 0003_run_heartbeats
Revises: 0002_clusters
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa

# Frozen copy: a migration must not change when the code's messages do.
SUPERSEDED = "The grouping stopped because the server running it restarted. Run it again."


# revision identifiers, used by Alembic.
revision = '0003_run_heartbeats'
down_revision = '0002_clusters'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cluster_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(), nullable=True))

    op.execute("UPDATE cluster_runs SET heartbeat_at = created_at")
    op.get_bind().execute(
        sa.text(
            "UPDATE cluster_runs SET status = 'failed', error = :error "
            "WHERE status = 'running' AND id NOT IN "
            "(SELECT MAX(id) FROM cluster_runs WHERE status = 'running' GROUP BY session_id)"
        ),
        {"error": SUPERSEDED},
    )

    with op.batch_alter_table('cluster_runs', schema=None) as batch_op:
        batch_op.alter_column('heartbeat_at', existing_type=sa.DateTime(), nullable=False)
        batch_op.create_index(
            'uq_cluster_runs_one_running',
            ['session_id'],
            unique=True,
            sqlite_where=sa.text("status = 'running'"),
            postgresql_where=sa.text("status = 'running'"),
        )


def downgrade():
    with op.batch_alter_table('cluster_runs', schema=None) as batch_op:
        batch_op.drop_index('uq_cluster_runs_one_running')
        batch_op.drop_column('heartbeat_at')
        batch_op.drop_column('started_at')
