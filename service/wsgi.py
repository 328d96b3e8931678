"""Entry point for gunicorn and the `flask` command: the application built from the environment."""
from service import create_app

app = create_app()
