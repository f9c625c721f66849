"""Assessments remember the areas the founder chose (one area or all five).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('assessments', sa.Column('planned_areas', sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('assessments') as batch:
        batch.drop_column('planned_areas')
