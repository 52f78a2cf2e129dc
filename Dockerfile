# syntax=docker/dockerfile:1
# The Space Academy image: one image for the hub and for user servers (the Zero to JupyterHub
# pattern). It installs with deploy/install.sh from the same lock files as `make`
# (constraints.txt, package-lock.json), so an image and a `make demo` checkout run the same code.
#
#   docker build -t space-academy .
#   docker run -p 8000:8000 -e ACADEMY_IP=0.0.0.0 -v academy-data:/srv/academy space-academy
#
# Pin the base by digest when you build for production (`docker buildx imagetools inspect`).
ARG DEBIAN_IMAGE=debian:12.12-slim

FROM ${DEBIAN_IMAGE} AS build
ENV DEBIAN_FRONTEND=noninteractive PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      python3.11 python3.11-venv python3.11-dev gcc nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/academy
# Lock files and the install script first, so the dependency layer is cached across code edits.
COPY pyproject.toml constraints.txt package.json package-lock.json README.md ./
COPY deploy/install.sh deploy/install.sh
COPY academy/ academy/
COPY telemetry/ telemetry/
COPY grading/ grading/
COPY widgets/ widgets/
COPY spacecraft/ spacecraft/
COPY gallery/ gallery/
RUN deploy/install.sh

FROM ${DEBIAN_IMAGE} AS runtime
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      python3.11 nodejs bubblewrap fonts-dejavu-core tini ca-certificates \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 --shell /bin/bash academy \
 && mkdir -p /srv/academy && chown academy:academy /srv/academy
WORKDIR /opt/academy
COPY --from=build /opt/academy/.venv /opt/academy/.venv
COPY --from=build /opt/academy/node_modules /opt/academy/node_modules
COPY . /opt/academy
ENV PATH=/opt/academy/.venv/bin:$PATH \
    ACADEMY_DATA_DIR=/srv/academy \
    ACADEMY_SPAWNER=simple
# Pre-warm boinor's numba cache in the image so no kernel waits for the compiler.
RUN ACADEMY_DATA_DIR=/opt/academy/var academy data warm-numba \
 && chown -R academy:academy /opt/academy/var
USER academy
EXPOSE 8000 8888
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python3.11", "/opt/academy/deploy/healthcheck.py"]
ENTRYPOINT ["tini", "--"]
CMD ["academy", "serve"]
