# The app image for docker-compose.yml; the database is the neo4j service.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
EXPOSE 3000
CMD ["node", "--import", "tsx", "server/main.ts", "--prod"]
