"""Themes keep a suggested label apart from their label, and point at their most
representative idea.

Revision ID: 0006_themes
Revises: 0005_session_epochs
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_themes'
down_revision = '0005_session_epochs'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suggested_label', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('representative_idea_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_clusters_representative_idea_id_ideas'),
            'ideas',
            ['representative_idea_id'],
            ['id'],
            ondelete='SET NULL',
        )


def downgrade():
    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_clusters_representative_idea_id_ideas'), type_='foreignkey'
        )
        batch_op.drop_column('representative_idea_id')
        batch_op.drop_column('suggested_label')
