"""Decisions on candidate standards (who, when, why; merges), their objectives, the audit
trail and the published versions of the Customer Service Standard.

Revision ID: 0008_decisions
Revises: 0007_voting
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_decisions'
down_revision = '0007_voting'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('subject_type', sa.String(length=30), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_entries_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_user_id'), ['user_id'], unique=False)

    op.create_table('standard_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_standard_versions_published_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standard_versions')),
    sa.UniqueConstraint('number', name=op.f('uq_standard_versions_number'))
    )
    op.create_table('objectives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.Column('metric', sa.String(length=200), nullable=False),
    sa.Column('target', sa.Float(), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('measured_by', sa.String(length=200), nullable=False),
    sa.Column('owner_team', sa.String(length=120), nullable=True),
    sa.Column('review_date', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['standard_id'], ['candidate_standards.id'], name=op.f('fk_objectives_standard_id_candidate_standards'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_objectives'))
    )
    with op.batch_alter_table('objectives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objectives_standard_id'), ['standard_id'], unique=False)

    with op.batch_alter_table('candidate_standards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision_reason', sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column('decided_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_candidate_standards_merged_into_id'), ['merged_into_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_candidate_standards_decided_by_id_users'), 'users', ['decided_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_candidate_standards_merged_into_id_candidate_standards'), 'candidate_standards', ['merged_into_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(
            op.f('ck_candidate_standards_status_known'),
            "status IN ('candidate', 'adopted', 'rejected', 'parked')",
        )



def downgrade():
    with op.batch_alter_table('candidate_standards', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_candidate_standards_status_known'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_candidate_standards_merged_into_id_candidate_standards'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_candidate_standards_decided_by_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_candidate_standards_merged_into_id'))
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('decided_at')
        batch_op.drop_column('decided_by_id')
        batch_op.drop_column('decision_reason')

    with op.batch_alter_table('objectives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objectives_standard_id'))

    op.drop_table('objectives')
    op.drop_table('standard_versions')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_user_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_at'))

    op.drop_table('audit_entries')
