# Mobility Hub: one image for the web server, the Celery worker, Celery beat and migrations.
# See docker-compose.yml for a complete installation (PostgreSQL, Redis, Mailpit).

# --- build: a virtual environment with exactly what uv.lock pins, the project and its static files.
FROM python:3.11-slim AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, from the lock alone (with their hashes), so that a code change keeps this
# layer and the image runs what the suite tested. uv exports the lock; it is the locked version.
COPY pyproject.toml uv.lock ./
RUN UV_VERSION=$(python -c "import tomllib; print(next(p['version'] for p in tomllib.load(open('uv.lock', 'rb'))['package'] if p['name'] == 'uv'))") \
    && pip install "uv==$UV_VERSION" \
    && uv export --locked --no-emit-project --no-dev --format requirements-txt --output-file /tmp/requirements.txt \
    && python -m venv /venv \
    && /venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.txt

# The code: .dockerignore lets in only manage.py, the apps, templates/, static/ and locale/.
COPY . ./

# The project itself (non-editable, without the test extras), then static files for WhiteNoise.
# The build-time values exist only for collectstatic: they are not kept in the image.
RUN /venv/bin/pip install --no-deps . \
    && rm -rf build ./*.egg-info \
    && DJANGO_SECRET_KEY=build-only DJANGO_DEBUG=0 MOBILITY_VAR_DIR=/tmp/var DJANGO_STATIC_ROOT=/app/static-root \
        /venv/bin/python manage.py collectstatic --no-input

# --- runtime: the environment and the code, no build tools, an unprivileged user.
FROM python:3.11-slim AS runtime

# The code in /app comes first on the path: templates, static files and catalogues are not part
# of the installed distribution. MOBILITY_VAR_DIR holds local state (the beat schedule).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/venv/bin:$PATH \
    PYTHONPATH=/app \
    MOBILITY_VAR_DIR=/app/var \
    DJANGO_STATIC_ROOT=/app/static-root

WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build /app /app

# Run as an unprivileged user that owns only the local state directory (numeric, so that
# orchestrators can verify it is not root).
RUN groupadd --system --gid 10001 mobility \
    && useradd --system --uid 10001 --gid mobility --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin mobility \
    && mkdir -p /app/var/private \
    && chown -R mobility:mobility /app/var
USER 10001:10001

EXPOSE 8000

# The image has no curl: ask /health/ (database and broker) with Python itself.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health/', timeout=5)"]

CMD ["gunicorn", "mobility.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
