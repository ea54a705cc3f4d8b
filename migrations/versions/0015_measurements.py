"""Measurements of objectives (a value, its date, team and source), the direction in which an
objective's target is met, and where its values are computed from.

Revision ID: 0015_measurements
Revises: 0014_idea_submissions
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_measurements'
down_revision = '0014_idea_submissions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'measurements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('objective_id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=True),
        sa.Column('measured_on', sa.Date(), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.Column('source', sa.String(length=200), nullable=False),
        sa.Column('entered_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['entered_by_id'], ['users.id'],
            name=op.f('fk_measurements_entered_by_id_users'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['objective_id'], ['objectives.id'],
            name=op.f('fk_measurements_objective_id_objectives'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['team_id'], ['teams.id'], name=op.f('fk_measurements_team_id_teams'),
            ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_measurements')),
    )
    with op.batch_alter_table('measurements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measurements_objective_id'), ['objective_id'])
    with op.batch_alter_table('objectives', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('direction', sa.String(length=10), server_default='at_least', nullable=False)
        )
        batch_op.add_column(
            sa.Column('measured_from', sa.String(length=20), server_default='manual', nullable=False)
        )
        batch_op.create_check_constraint(
            op.f('ck_objectives_direction_known'), "direction IN ('at_least', 'at_most')"
        )
        batch_op.create_check_constraint(
            op.f('ck_objectives_measured_from_known'),
            "measured_from IN ('manual', 'mystery_shopping')",
        )
    # Objectives about time or money are met from below (within 10 seconds, up to $50).
    op.execute(
        "UPDATE objectives SET direction = 'at_most' WHERE lower(unit) IN "
        "('seconds', 'minutes', 'hours', 'days', 'working days', 'weeks', "
        "'dollars', 'pounds', 'euros')"
    )


def downgrade():
    with op.batch_alter_table('objectives', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_objectives_measured_from_known'), type_='check')
        batch_op.drop_constraint(op.f('ck_objectives_direction_known'), type_='check')
        batch_op.drop_column('measured_from')
        batch_op.drop_column('direction')
    with op.batch_alter_table('measurements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measurements_objective_id'))
    op.drop_table('measurements')
