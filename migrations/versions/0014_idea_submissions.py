"""Idempotency keys of idea submissions (keyed hashes only), so a retry gives one idea.

Revision ID: 0014_idea_submissions
Revises: 0013_visits
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_idea_submissions'
down_revision = '0013_visits'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'idea_submissions',
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('idea_id', sa.Integer(), nullable=False),
        sa.Column('text_hash', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ['idea_id'], ['ideas.id'],
            name=op.f('fk_idea_submissions_idea_id_ideas'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('key_hash', name=op.f('pk_idea_submissions')),
        sa.UniqueConstraint('idea_id', name=op.f('uq_idea_submissions_idea_id')),
    )


def downgrade():
    op.drop_table('idea_submissions')
