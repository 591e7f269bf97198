#!/bin/sh
# The image's build steps after `pip install .`: static files (production settings, hashed
# manifest) and the compiled Spanish catalog. The Dockerfile runs this script and so does CI
# (.ci/build_and_serve.sh), so a build that breaks here breaks CI first.
# STATIC_ROOT may point elsewhere (CI collects into a temporary directory).
set -eu
cd "$(dirname "$0")/.."
export DJANGO_ENV=production SECRET_KEY=build DATABASE_URL=sqlite:////tmp/build.db \
  ALLOWED_HOSTS=build CELERY_BROKER_URL=memory://
python manage.py collectstatic --noinput
python manage.py compilemessages -l es --ignore '.venv/*'
