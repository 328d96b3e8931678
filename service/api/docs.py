"""The interactive API documentation (Swagger UI) at /docs, served entirely from
this server: the page, its start script, and Swagger UI's files from the
`swagger-ui-bundle` package, so it works with no internet access."""
from pathlib import Path

from flask import Blueprint, abort, send_from_directory
from swagger_ui_bundle import swagger_ui_path

PAGE_DIR = Path(__file__).resolve().parent / "docs_page"
SWAGGER_UI_DIR = Path(swagger_ui_path)
SWAGGER_UI_FILES = {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js",
                    "favicon-16x16.png", "favicon-32x32.png"}

blp = Blueprint("docs", __name__, url_prefix="/docs")


@blp.get("")
def page():
    return send_from_directory(PAGE_DIR, "index.html", max_age=0)


@blp.get("/start.js")
def start_script():
    return send_from_directory(PAGE_DIR, "start.js", max_age=0)


@blp.get("/assets/<name>")
def asset(name):
    if name not in SWAGGER_UI_FILES:
        abort(404)
    return send_from_directory(SWAGGER_UI_DIR, name, max_age=86400)
