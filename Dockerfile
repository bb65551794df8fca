# Onderstroom's image: the app server and the worker (see compose.yaml and the README, "Docker Compose").
# Python packages from the lock file, with their hashes; nothing from the network at run time.
FROM python:3.13-slim
# WeasyPrint's Pango and a font for the PDFs; pg_dump for `manage.py backup`.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
      postgresql-client \
 && rm -rf /var/lib/apt/lists/*
# The app runs as its own user, which may write to /data only (a new volume there takes its owner).
RUN useradd --system --uid 10001 --home-dir /app onderstroom && mkdir /data && chown onderstroom /data
WORKDIR /app
COPY requirements/base.lock requirements/base.lock
RUN pip install --no-cache-dir uv==0.13.9 \
 && uv pip install --system --no-cache --compile-bytecode --require-hashes -r requirements/base.lock
COPY . .
RUN python -m compileall -q onderstroom
ENV ONDERSTROOM_DATA_DIR=/data PYTHONUNBUFFERED=1
USER onderstroom
EXPOSE 8000
# The static files are collected when the container starts (compose.yaml's `migrate`): only then do
# the production settings, with their keys, hold. The app server:
CMD ["gunicorn", "onderstroom.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2", "--threads", "8", "--keep-alive", "30"]
