"""Moderation by default: the workflow "Cấp ủy duyệt" (one CommitteeApprovalTask, reviewers from the staff role
group, each narrowed to their own đảng bộ by the privacy layer) assigned to library items.

Idempotent, and an assignment made by hand before this migration (another workflow for library items) is
left as it is.
"""
from django.db import migrations

WORKFLOW_NAME = "Cấp ủy duyệt"
TASK_NAME = "Cấp ủy duyệt"
STAFF_GROUP = "Cán bộ đảng ủy"  # organizations.roles.STAFF_GROUP (its permissions are added after migrate)


def assign(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    CommitteeApprovalTask = apps.get_model("library", "CommitteeApprovalTask")

    item_type, _ = ContentType.objects.get_or_create(app_label="library", model="libraryitem")
    if WorkflowContentType.objects.filter(content_type=item_type).exists():
        return
    task_type, _ = ContentType.objects.get_or_create(app_label="library", model="committeeapprovaltask")
    task = CommitteeApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = CommitteeApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first() or Workflow.objects.create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": 0})
    WorkflowContentType.objects.create(workflow=workflow, content_type=item_type)


def unassign(apps, schema_editor):
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowContentType.objects.filter(workflow__name=WORKFLOW_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0005_validity_cells_moderation"),
        ("wagtailcore", "0083_workflowcontenttype"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(assign, unassign)]
