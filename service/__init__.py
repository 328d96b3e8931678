"""The citations service: `create_app()` builds the Flask application (settings,
OpenAPI, blueprints, error handlers, logs, metrics, version and security headers, CORS)."""


def create_app(settings=None):
    """The WSGI application; models load on `warm_up(app)` or on first use."""
    # Imported here so that using the engine alone (service.quotes) does not load Flask.
    from flask import Flask

    from service.api import BLUEPRINTS, docs
    from service.api.body import register_body_limit
    from service.api.cors import register_cors
    from service.api.engine import EXTENSION, Engine
    from service.api.errors import JsonErrorApi, register_error_handlers
    from service.api.headers import register_security_headers
    from service.api.metrics import register_metrics
    from service.api.openapi import API_CONFIG, SPEC_KWARGS, ExamplePlugin, complete_spec
    from service.api.request_log import configure_logging, register_request_log
    from service.api.version import register_version_headers
    from service.config import Settings
    from service.web import blp as web_blp

    settings = settings or Settings.from_env()
    configure_logging(settings.log_level)
    app = Flask(__name__)
    app.config.update(API_CONFIG, DEBUG=False, PROPAGATE_EXCEPTIONS=False)
    # Answers in UTF-8 as they are (no \u escapes), fields in the schemas' order, indented.
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.json.compact = False
    app.extensions[EXTENSION] = Engine(settings, on_loaded=prepare_after_loading(settings))

    api = JsonErrorApi(app, spec_kwargs={**SPEC_KWARGS, "extra_plugins": [ExamplePlugin()]})
    complete_spec(api)
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    app.register_blueprint(docs.blp)
    app.register_blueprint(web_blp)

    register_error_handlers(app)
    register_request_log(app)
    register_metrics(app)
    register_body_limit(app, settings.max_body_bytes)
    register_security_headers(app)
    register_version_headers(app)
    register_cors(app, settings.cors_origins)
    return app


def warm_up(app, background=False):
    """Load the models now, or in a thread of their own with `background` (gunicorn does this in
    each worker: /health answers at once, /ready once the models are in, and a request that comes
    before waits for them)."""
    import threading

    from service.api.engine import EXTENSION
    from service.nlp.pipeline import set_torch_threads

    engine = app.extensions[EXTENSION]
    if not background:
        engine.load()
        return None
    set_torch_threads(engine.settings)     # here too: the requests run in this thread, not the loader's
    loader = threading.Thread(target=engine.load, name="load-models", daemon=True)
    loader.start()
    return loader


def prepare_after_loading(settings):
    """What follows a loading of the models, whoever loads them (warm_up, the gunicorn worker's
    loader, a first request): the loading time goes to /metrics, and the language identifier and
    the model files' hashes are made ready before the requests need them."""
    def prepare(seconds):
        from service import language
        from service.api import metrics, version

        metrics.record_model_load(seconds)
        language.identifier()
        version.models(settings)

    return prepare
