"""The learning content the demo's lessons and quizzes need."""

from tocds.learning.content import DEFAULT_PATH, load_content
from tocds.learning.models import LessonPlan


def ensure_learning_content() -> None:
    """Load the learning content when no lesson plan is loaded yet and the content folder exists
    (`load_learning_content` does the same)."""
    if not LessonPlan.objects.exists() and DEFAULT_PATH.is_dir():
        load_content(DEFAULT_PATH)
