from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tocds.learning.content import DEFAULT_PATH, load_content
from tocds.learning.content_tree import ContentError


class Command(BaseCommand):
    help = "Load the learning content (TOML files) into the database; safe to re-run."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--path",
            type=Path,
            default=DEFAULT_PATH,
            help=f"content folder (default {DEFAULT_PATH})",
        )

    def handle(self, *args, path: Path, **options) -> None:
        if path == DEFAULT_PATH and not path.is_dir():
            self.stdout.write(f"No learning content yet ({path} does not exist); nothing loaded.")
            return
        try:
            report = load_content(path)
        except ContentError as error:
            raise CommandError(
                f"{len(error.problems)} problem(s) in {path}; nothing was loaded:\n{error}"
            ) from error
        self.stdout.write(f"Loaded {path}: {report.summary()}")
