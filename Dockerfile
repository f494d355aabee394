# The kuiper image: kuiperd on Node 24 (slim Debian), as a non-root user, 1.0's layout under /kuiper.
#   docker build -t kuiper .
#   docker run -d -p 9081:9081 -v kuiper-data:/kuiper/data -e MQTT_SOURCE__DEFAULT__SERVERS=[tcp://broker:1883] kuiper
# Configuration: files in the /kuiper/etc volume, or <FILE>__<SECTION>__<KEY> environment variables over them
# (KUIPER__BASIC__RESTPORT=9082, MQTT_SOURCE__DEFAULT__QOS=1; docs/install.md). It runs with a read-only root
# file system (docker run --read-only) as long as /kuiper/data is writable.

ARG NODE_VERSION=24

# Build: compile dist/, then keep the production dependencies only (better-sqlite3 built here for this Node).
FROM node:${NODE_VERSION}-bookworm AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY console ./console
COPY scripts/build-console.mjs ./scripts/build-console.mjs
# npm ci runs the package's `prepare` (npm run build: dist/ and the web console dist/console/), so the sources are
# in place first.
RUN npm ci --no-audit --no-fund
RUN npx tsc -p tsconfig.build.json --declaration false --sourceMap false \
  && npm prune --omit=dev --no-audit --no-fund \
  && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src \
    node_modules/better-sqlite3/build/Release/obj* node_modules/better-sqlite3/build/Release/*.a \
    node_modules/zeromq/build/darwin node_modules/zeromq/build/win32 node_modules/zeromq/src

# Runtime: the program in /usr/lib/kuiper, KUIPER_HOME=/kuiper with etc/, data/, log/ and plugins/.
FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
  KUIPER_HOME=/kuiper \
  KuiperBaseKey=/kuiper \
  KUIPER__BASIC__CONSOLELOG=true \
  KUIPER__BASIC__FILELOG=false
RUN groupadd --system --gid 1001 kuiper \
  && useradd --system --uid 1001 --gid kuiper --home-dir /kuiper --no-create-home --shell /usr/sbin/nologin kuiper
COPY --from=build /src/dist /usr/lib/kuiper/dist
COPY --from=build /src/node_modules /usr/lib/kuiper/node_modules
COPY package.json /usr/lib/kuiper/
COPY bin/kuiperd bin/kuiperd.js bin/kuiper bin/kuiper.js bin/kuiper-kubernetes-tool bin/kuiper-kubernetes-tool.js bin/dist.js /usr/lib/kuiper/bin/
COPY etc /usr/lib/kuiper/etc
COPY --chown=kuiper:kuiper etc /kuiper/etc
COPY packaging/docker/docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
COPY packaging/docker/healthcheck.mjs /usr/lib/kuiper/healthcheck.mjs
RUN ln -s /usr/lib/kuiper/bin/kuiperd /usr/local/bin/kuiperd \
  && ln -s /usr/lib/kuiper/bin/kuiper /usr/local/bin/kuiper \
  && ln -s /usr/lib/kuiper/bin/kuiper-kubernetes-tool /usr/local/bin/kuiper-kubernetes-tool \
  && mkdir -p /kuiper/data /kuiper/log /kuiper/plugins \
  && chown kuiper:kuiper /kuiper /kuiper/data /kuiper/log /kuiper/plugins

USER kuiper
WORKDIR /kuiper
VOLUME ["/kuiper/etc", "/kuiper/data", "/kuiper/log", "/kuiper/plugins"]
# REST API; 20498 is 1.0's CLI port, kept so that 1.0's docker run lines still work.
EXPOSE 9081 20498
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 CMD ["node", "/usr/lib/kuiper/healthcheck.mjs"]
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["kuiperd"]
