"""Objectives measured from customer surveys: the share satisfied (CSAT), the Net Promoter
Score, and the share of yes on the standard's protocol step.

Revision ID: 0016_survey_measures
Revises: 0015_measurements
Create Date: 2026-11-28
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0016_survey_measures'
down_revision = '0015_measurements'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('objectives', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_objectives_measured_from_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_objectives_measured_from_known'),
            "measured_from IN ('manual', 'mystery_shopping', 'survey_csat', 'survey_nps', "
            "'survey_step')",
        )


def downgrade():
    # The old schema computes nothing from surveys: those objectives keep the values managers
    # entered.
    op.execute(
        "UPDATE objectives SET measured_from = 'manual' "
        "WHERE measured_from IN ('survey_csat', 'survey_nps', 'survey_step')"
    )
    with op.batch_alter_table('objectives', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_objectives_measured_from_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_objectives_measured_from_known'),
            "measured_from IN ('manual', 'mystery_shopping')",
        )
