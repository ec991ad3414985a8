"""A new Course.content_key whenever what lesson pages show changes (see training.lesson_cache)."""

import uuid

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import Course, Lesson, Module


def course_changed(*course_ids: int | None) -> None:
    ids = {pk for pk in course_ids if pk is not None}
    for pk in ids:  # a fresh key each: an old key is never reused, even by a stale Course.save()
        Course.objects.filter(pk=pk).update(content_key=uuid.uuid4())


@receiver(pre_save, sender=Module)
def _module_moving(sender, instance, **kwargs):
    instance._previous_course_id = (
        Module.objects.filter(pk=instance.pk).values_list("course_id", flat=True).first() if instance.pk else None
    )


@receiver(pre_save, sender=Lesson)
def _lesson_moving(sender, instance, **kwargs):
    instance._previous_course_id = (
        Lesson.objects.filter(pk=instance.pk).values_list("module__course_id", flat=True).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Course)
def _course_saved(sender, instance, **kwargs):
    course_changed(instance.pk)


@receiver([post_save, post_delete], sender=Module)
def _module_changed(sender, instance, **kwargs):
    course_changed(instance.course_id, getattr(instance, "_previous_course_id", None))


@receiver([post_save, post_delete], sender=Lesson)
def _lesson_changed(sender, instance, **kwargs):
    course_id = Module.objects.filter(pk=instance.module_id).values_list("course_id", flat=True).first()
    course_changed(course_id, getattr(instance, "_previous_course_id", None))
