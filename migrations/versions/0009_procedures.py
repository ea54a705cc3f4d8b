"""Candidate standards and the published standard carry procedures: the steps to take.

Revision ID: 0009_procedures
Revises: 0008_decisions
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_procedures'
down_revision = '0008_decisions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('candidate_standards', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('procedures', sa.String(length=2000), server_default='', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('candidate_standards', schema=None) as batch_op:
        batch_op.drop_column('procedures')
