"""Customer surveys: questions built from the standard, anonymous responses and their answers.

Revision ID: 0012_surveys
Revises: 0011_public_ids
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_surveys'
down_revision = '0011_public_ids'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'surveys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=16), nullable=False),
        sa.Column('title', sa.String(length=120), nullable=False),
        sa.Column('comment_prompt', sa.String(length=200), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('standard_version', sa.Integer(), nullable=True),
        sa.Column('team_id', sa.Integer(), nullable=True),
        sa.Column('segment_id', sa.Integer(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'open', 'closed')", name=op.f('ck_surveys_status_known')
        ),
        sa.ForeignKeyConstraint(
            ['created_by_id'], ['users.id'],
            name=op.f('fk_surveys_created_by_id_users'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['segment_id'], ['customer_segments.id'],
            name=op.f('fk_surveys_segment_id_customer_segments'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['team_id'], ['teams.id'], name=op.f('fk_surveys_team_id_teams'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_surveys')),
        sa.UniqueConstraint('code', name=op.f('uq_surveys_code')),
    )
    op.create_table(
        'survey_questions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('survey_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('text', sa.String(length=200), nullable=False),
        sa.Column('protocol_stage', sa.String(length=30), nullable=True),
        sa.CheckConstraint(
            "kind IN ('csat', 'step', 'nps')", name=op.f('ck_survey_questions_kind_known')
        ),
        sa.ForeignKeyConstraint(
            ['survey_id'], ['surveys.id'],
            name=op.f('fk_survey_questions_survey_id_surveys'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_questions')),
    )
    with op.batch_alter_table('survey_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_questions_survey_id'), ['survey_id'])
    op.create_table(
        'survey_responses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('survey_id', sa.Integer(), nullable=False),
        sa.Column('answered_on', sa.Date(), nullable=False),
        sa.Column('source', sa.String(length=10), nullable=False),
        sa.Column('browser_hash', sa.String(length=64), nullable=True),
        sa.Column('team_id', sa.Integer(), nullable=True),
        sa.Column('segment_id', sa.Integer(), nullable=True),
        sa.Column('comment', sa.String(length=1000), nullable=True),
        sa.CheckConstraint(
            "source IN ('web', 'api', 'import')", name=op.f('ck_survey_responses_source_known')
        ),
        sa.ForeignKeyConstraint(
            ['segment_id'], ['customer_segments.id'],
            name=op.f('fk_survey_responses_segment_id_customer_segments'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['survey_id'], ['surveys.id'],
            name=op.f('fk_survey_responses_survey_id_surveys'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['team_id'], ['teams.id'],
            name=op.f('fk_survey_responses_team_id_teams'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_responses')),
        sa.UniqueConstraint(
            'survey_id', 'browser_hash', name=op.f('uq_survey_responses_survey_id')
        ),
    )
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_responses_survey_id'), ['survey_id'])
    op.create_table(
        'survey_answers',
        sa.Column('response_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('value', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['question_id'], ['survey_questions.id'],
            name=op.f('fk_survey_answers_question_id_survey_questions'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['response_id'], ['survey_responses.id'],
            name=op.f('fk_survey_answers_response_id_survey_responses'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('response_id', 'question_id', name=op.f('pk_survey_answers')),
    )
    with op.batch_alter_table('survey_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_answers_question_id'), ['question_id'])


def downgrade():
    op.drop_table('survey_answers')
    op.drop_table('survey_responses')
    op.drop_table('survey_questions')
    op.drop_table('surveys')
