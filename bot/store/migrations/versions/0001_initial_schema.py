"""Initial schema: cohorts, ventures, founders, assessments, answers, evidence, placements, report tokens.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cohorts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('invite_code', sa.String(length=16), nullable=False),
        sa.Column('welcome_text', sa.Text(), nullable=True),
        sa.Column('manager_token_hash', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cohorts')),
        sa.UniqueConstraint('invite_code', name=op.f('uq_cohorts_invite_code')),
        sa.UniqueConstraint('manager_token_hash', name=op.f('uq_cohorts_manager_token_hash'))
    )
    op.create_table('ventures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=True),
        sa.Column('invite_code', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_activity_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_ventures_cohort_id_cohorts'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ventures')),
        sa.UniqueConstraint('invite_code', name=op.f('uq_ventures_invite_code'))
    )
    op.create_index('ix_ventures_cohort_id', 'ventures', ['cohort_id'])
    op.create_table('assessments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('venture_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('in_progress', 'complete', 'abandoned')", name=op.f('ck_assessments_status')),
        sa.ForeignKeyConstraint(['venture_id'], ['ventures.id'], name=op.f('fk_assessments_venture_id_ventures'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assessments'))
    )
    op.create_index('ix_assessments_venture_id', 'assessments', ['venture_id'])
    op.create_table('founders',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=64), nullable=False),
        sa.Column('sender_id', sa.String(length=255), nullable=False),
        sa.Column('display_name', sa.String(length=200), nullable=True),
        sa.Column('role', sa.String(length=200), nullable=True),
        sa.Column('consent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('venture_id', sa.Integer(), nullable=True),
        sa.Column('continue_code', sa.String(length=16), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['venture_id'], ['ventures.id'], name=op.f('fk_founders_venture_id_ventures'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_founders')),
        sa.UniqueConstraint('channel', 'sender_id', name='uq_founders_channel_sender'),
        sa.UniqueConstraint('continue_code', name=op.f('uq_founders_continue_code'))
    )
    op.create_index('ix_founders_venture_id', 'founders', ['venture_id'])
    op.create_table('founder_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=64), nullable=False),
        sa.Column('sender_id', sa.String(length=255), nullable=False),
        sa.Column('founder_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['founder_id'], ['founders.id'], name=op.f('fk_founder_links_founder_id_founders'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_founder_links')),
        sa.UniqueConstraint('channel', 'sender_id', name='uq_founder_links_channel_sender')
    )
    op.create_index('ix_founder_links_founder_id', 'founder_links', ['founder_id'])
    op.create_table('report_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('venture_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['venture_id'], ['ventures.id'], name=op.f('fk_report_tokens_venture_id_ventures'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_tokens')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_report_tokens_token_hash'))
    )
    op.create_index('ix_report_tokens_venture_id', 'report_tokens', ['venture_id'])
    op.create_table('answers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('founder_id', sa.Integer(), nullable=False),
        sa.Column('message_id', sa.String(length=255), nullable=False),
        sa.Column('area', sa.String(length=32), nullable=False),
        sa.Column('question', sa.Text(), nullable=False),
        sa.Column('milestone_id', sa.String(length=32), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('truncated', sa.Boolean(), nullable=False),
        sa.Column('original_length', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_answers_assessment_id_assessments'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['founder_id'], ['founders.id'], name=op.f('fk_answers_founder_id_founders'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_answers')),
        sa.UniqueConstraint('founder_id', 'message_id', name='uq_answers_founder_message')
    )
    op.create_index('ix_answers_assessment_id', 'answers', ['assessment_id'])
    op.create_index('ix_answers_founder_id', 'answers', ['founder_id'])
    op.create_table('placements',
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('area_id', sa.String(length=32), nullable=False),
        sa.Column('stage', sa.Integer(), nullable=False),
        sa.Column('progress', sa.Float(), nullable=False),
        sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_placements_assessment_id_assessments'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('assessment_id', 'area_id', name=op.f('pk_placements'))
    )
    op.create_table('milestone_evidence',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('answer_id', sa.Integer(), nullable=True),
        sa.Column('founder_id', sa.Integer(), nullable=False),
        sa.Column('milestone_id', sa.String(length=32), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('confidence', sa.Float(), nullable=False),
        sa.Column('cue', sa.Text(), nullable=False),
        sa.Column('confirmed', sa.Boolean(), nullable=False),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("source IN ('mapper', 'targeted', 'confirmation', 'correction')", name=op.f('ck_milestone_evidence_source')),
        sa.CheckConstraint("status IN ('achieved', 'in_progress', 'not_started', 'unknown')", name=op.f('ck_milestone_evidence_status')),
        sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_milestone_evidence_answer_id_answers'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_milestone_evidence_assessment_id_assessments'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['founder_id'], ['founders.id'], name=op.f('fk_milestone_evidence_founder_id_founders'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_milestone_evidence'))
    )
    op.create_index('ix_milestone_evidence_answer_id', 'milestone_evidence', ['answer_id'])
    op.create_index('ix_milestone_evidence_assessment_milestone', 'milestone_evidence', ['assessment_id', 'milestone_id'])
    op.create_index('ix_milestone_evidence_founder_id', 'milestone_evidence', ['founder_id'])


def downgrade() -> None:
    op.drop_index('ix_milestone_evidence_founder_id', table_name='milestone_evidence')
    op.drop_index('ix_milestone_evidence_assessment_milestone', table_name='milestone_evidence')
    op.drop_index('ix_milestone_evidence_answer_id', table_name='milestone_evidence')
    op.drop_table('milestone_evidence')
    op.drop_table('placements')
    op.drop_index('ix_answers_founder_id', table_name='answers')
    op.drop_index('ix_answers_assessment_id', table_name='answers')
    op.drop_table('answers')
    op.drop_index('ix_report_tokens_venture_id', table_name='report_tokens')
    op.drop_table('report_tokens')
    op.drop_index('ix_founders_venture_id', table_name='founders')
    op.drop_index('ix_founder_links_founder_id', table_name='founder_links')
    op.drop_table('founder_links')
    op.drop_table('founders')
    op.drop_index('ix_assessments_venture_id', table_name='assessments')
    op.drop_table('assessments')
    op.drop_index('ix_ventures_cohort_id', table_name='ventures')
    op.drop_table('ventures')
    op.drop_table('cohorts')
