# Mobility Hub: one image for the web server, the Celery worker and Celery beat.
# See docker-compose.yml for a complete installation (PostgreSQL, Redis, Mailpit).
FROM python:3.11-slim

# The code in /app comes first on the path: templates, static files and catalogues are not part of the
# installed distribution, and celery and gunicorn are started from /usr/local/bin.
# MOBILITY_VAR_DIR holds local state (the beat schedule); DJANGO_STATIC_ROOT the static
# files collected at build time and served by WhiteNoise.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    MOBILITY_VAR_DIR=/app/var \
    DJANGO_STATIC_ROOT=/app/static-root

WORKDIR /app

# Dependencies first, exactly as uv.lock pins them (with their hashes), so that the image runs
# what the suite tested and a code change keeps this layer. uv itself is the locked version.
COPY pyproject.toml uv.lock ./
RUN UV_VERSION=$(python -c "import tomllib; print(next(p['version'] for p in tomllib.load(open('uv.lock', 'rb'))['package'] if p['name'] == 'uv'))") \
    && pip install "uv==$UV_VERSION" \
    && uv export --locked --no-emit-project --no-dev --format requirements-txt --output-file /tmp/requirements.txt \
    && pip install --require-hashes --no-deps -r /tmp/requirements.txt \
    && pip uninstall --yes uv \
    && rm /tmp/requirements.txt

# The code: .dockerignore lets in only manage.py, the apps, templates/, static/ and locale/.
COPY . ./

# The project itself (non-editable, without the test extras), then static files for
# WhiteNoise. The build-time values below exist only for collectstatic: they are not
# kept in the image.
RUN pip install --no-deps . \
    && rm -rf build ./*.egg-info \
    && DJANGO_SECRET_KEY=build-only DJANGO_DEBUG=0 python manage.py collectstatic --no-input

# Run as an unprivileged user that owns only the local state directory (numeric, so that
# orchestrators can verify it is not root).
RUN groupadd --system --gid 10001 mobility \
    && useradd --system --uid 10001 --gid mobility --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin mobility \
    && mkdir -p /app/var/private \
    && chown -R mobility:mobility /app/var
USER 10001:10001

EXPOSE 8000

CMD ["gunicorn", "mobility.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
