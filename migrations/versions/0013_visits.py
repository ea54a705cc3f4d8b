"""Mystery shopping: checklists from the published standard, one-time links, visit reports
and their answers; the shopper role.

Revision ID: 0013_visits
Revises: 0012_surveys
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_visits'
down_revision = '0012_surveys'
branch_labels = None
depends_on = None

SCALES = "scale IN ('yes_partly_no', 'one_to_five')"


def upgrade():
    op.create_table(
        'visit_checklists',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('standard_version_id', sa.Integer(), nullable=False),
        sa.Column('version_number', sa.Integer(), nullable=False),
        sa.Column('scale', sa.String(length=20), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint(SCALES, name=op.f('ck_visit_checklists_scale_known')),
        sa.ForeignKeyConstraint(
            ['created_by_id'], ['users.id'],
            name=op.f('fk_visit_checklists_created_by_id_users'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['standard_version_id'], ['standard_versions.id'],
            name=op.f('fk_visit_checklists_standard_version_id_standard_versions'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_checklists')),
    )
    with op.batch_alter_table('visit_checklists', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_visit_checklists_standard_version_id'), ['standard_version_id']
        )
    op.create_table(
        'checklist_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('checklist_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('standard_id', sa.Integer(), nullable=False),
        sa.Column('standard_title', sa.String(length=120), nullable=False),
        sa.Column('text', sa.String(length=1000), nullable=False),
        sa.Column('protocol_stage', sa.String(length=30), nullable=False),
        sa.Column('stage_label', sa.String(length=60), nullable=False),
        sa.Column('scale', sa.String(length=20), nullable=False),
        sa.CheckConstraint(SCALES, name=op.f('ck_checklist_items_scale_known')),
        sa.ForeignKeyConstraint(
            ['checklist_id'], ['visit_checklists.id'],
            name=op.f('fk_checklist_items_checklist_id_visit_checklists'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_items')),
    )
    with op.batch_alter_table('checklist_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_items_checklist_id'), ['checklist_id'])
    op.create_table(
        'visit_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('label', sa.String(length=120), server_default='', nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ['created_by_id'], ['users.id'],
            name=op.f('fk_visit_links_created_by_id_users'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['team_id'], ['teams.id'], name=op.f('fk_visit_links_team_id_teams'),
            ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_links')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_visit_links_token_hash')),
    )
    op.create_table(
        'visits',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('checklist_id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=False),
        sa.Column('visited_on', sa.Date(), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('notes', sa.String(length=2000), server_default='', nullable=False),
        sa.Column('shopper_id', sa.Integer(), nullable=True),
        sa.Column('link_id', sa.Integer(), nullable=True),
        sa.Column('idempotency_key', sa.String(length=64), nullable=False),
        sa.Column('request_digest', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "channel IN ('in person', 'phone', 'chat', 'e-mail')",
            name=op.f('ck_visits_channel_known'),
        ),
        sa.ForeignKeyConstraint(
            ['checklist_id'], ['visit_checklists.id'],
            name=op.f('fk_visits_checklist_id_visit_checklists'),
        ),
        sa.ForeignKeyConstraint(
            ['link_id'], ['visit_links.id'], name=op.f('fk_visits_link_id_visit_links'),
            ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['shopper_id'], ['users.id'], name=op.f('fk_visits_shopper_id_users'),
            ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_visits_team_id_teams')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_visits')),
        sa.UniqueConstraint('idempotency_key', name=op.f('uq_visits_idempotency_key')),
        sa.UniqueConstraint('link_id', name=op.f('uq_visits_link_id')),
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visits_checklist_id'), ['checklist_id'])
        batch_op.create_index(batch_op.f('ix_visits_shopper_id'), ['shopper_id'])
        batch_op.create_index(batch_op.f('ix_visits_team_id'), ['team_id'])
    op.create_table(
        'visit_answers',
        sa.Column('visit_id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('value', sa.String(length=10), nullable=False),
        sa.Column('score', sa.Float(), nullable=False),
        sa.Column('note', sa.String(length=500), server_default='', nullable=False),
        sa.ForeignKeyConstraint(
            ['item_id'], ['checklist_items.id'],
            name=op.f('fk_visit_answers_item_id_checklist_items'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['visit_id'], ['visits.id'], name=op.f('fk_visit_answers_visit_id_visits'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('visit_id', 'item_id', name=op.f('pk_visit_answers')),
    )
    with op.batch_alter_table('visit_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_answers_item_id'), ['item_id'])
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_role_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_users_role_known'), "role IN ('admin', 'manager', 'facilitator', 'shopper')"
        )


def downgrade():
    # The old schema knows no shoppers: their accounts stay, switched off, for an admin to see.
    op.execute("UPDATE users SET active = false, role = 'facilitator' WHERE role = 'shopper'")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_role_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_users_role_known'), "role IN ('admin', 'manager', 'facilitator')"
        )
    op.drop_table('visit_answers')
    op.drop_table('visits')
    op.drop_table('visit_links')
    op.drop_table('checklist_items')
    op.drop_table('visit_checklists')
