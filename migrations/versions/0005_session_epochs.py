"""Staff sessions and API tokens carry an epoch; admins can force a password change.

Logging out, changing a password and an admin's reset bump `users.session_epoch`, which ends
every earlier login cookie and API token. `must_change_password` is set by an admin's reset.
Existing users start at epoch 0 with no change forced (their old cookies and tokens, which
carry no epoch, stop working once: they log in again).

Revision ID: 0005_session_epochs
Revises: 0004_live_room
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa

# Plain literal defaults ('0', not sa.false()) let SQLite add the columns in place instead of
# rebuilding the users table, which the sessions' foreign keys to it would refuse.


# revision identifiers, used by Alembic.
revision = '0005_session_epochs'
down_revision = '0004_live_room'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_epoch', sa.Integer(), server_default='0', nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                'must_change_password', sa.Boolean(), server_default='0', nullable=False
            )
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
        batch_op.drop_column('session_epoch')
