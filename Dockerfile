# docroute on Node 20. The full node image has python3, make and g++, which `npm ci` needs to
# build better-sqlite3 when no prebuilt binary can be downloaded.
FROM node:20-bookworm

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .

# Inside a container the service must listen on every interface to be reachable through the
# published port; outside one, DOCROUTE_HOST defaults to 127.0.0.1.
ENV DOCROUTE_DATA_DIR=/var/lib/docroute \
    DOCROUTE_HOST=0.0.0.0 \
    PORT=3000
EXPOSE 3000
# The command of `npm start`, without npm in between: npm 11 was seen to exit as soon as it
# received SIGTERM, so `docker stop` would end the container before a graceful stop finished.
CMD ["node", "--import", "tsx", "service/src/main.ts"]
