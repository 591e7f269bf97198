FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_ENV=production
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
# config/build.sh: collectstatic and compilemessages, the same script CI runs.
RUN pip install --no-cache-dir . && sh config/build.sh
RUN useradd --create-home jornada && mkdir -p /data/private && chown jornada /data/private
USER jornada
EXPOSE 8000
# config/gunicorn.py: bind, workers and the masked access log, shared with docker-compose.yml.
CMD ["gunicorn", "--config", "config/gunicorn.py", "config.wsgi:application"]
