"""Opaque random public ids for ideas, comments and participants: integer keys count up and
give away the order in which ideas were written, so only the random id leaves the server.

Existing rows get a fresh random value each (in batches, the same on SQLite and PostgreSQL);
only then does the column become unique and not null.

Revision ID: 0011_public_ids
Revises: 0010_teams_segments
Create Date: 2026-11-27
"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_public_ids'
down_revision = '0010_teams_segments'
branch_labels = None
depends_on = None

TABLES = ('ideas', 'comments', 'participants')
BATCH = 500


def _backfill(table_name):
    """Give every row without a public id a fresh random one, a batch at a time."""
    connection = op.get_bind()
    table = sa.table(table_name, sa.column('id', sa.Integer), sa.column('public_id', sa.String))
    update = (
        table.update()
        .where(table.c.id == sa.bindparam('row_id'))
        .values(public_id=sa.bindparam('new_id'))
    )
    while True:
        ids = connection.execute(
            sa.select(table.c.id).where(table.c.public_id.is_(None)).order_by(table.c.id).limit(BATCH)
        ).scalars().all()
        if not ids:
            return
        connection.execute(
            update, [{'row_id': row_id, 'new_id': secrets.token_urlsafe(12)} for row_id in ids]
        )


def upgrade():
    for table_name in TABLES:
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.add_column(sa.Column('public_id', sa.String(length=24), nullable=True))
        _backfill(table_name)
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.alter_column('public_id', existing_type=sa.String(length=24), nullable=False)
            batch_op.create_unique_constraint(batch_op.f(f'uq_{table_name}_public_id'), ['public_id'])


def downgrade():
    for table_name in reversed(TABLES):
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'uq_{table_name}_public_id'), type_='unique')
            batch_op.drop_column('public_id')
