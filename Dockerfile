# The app image for docker-compose.yml; the database is the neo4j service.
FROM node:20-bookworm-slim
WORKDIR /app
# .npmrc keeps onnxruntime-node from downloading its CUDA provider during npm ci
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY . .
RUN npm run build
EXPOSE 3000
CMD ["node", "--import", "tsx", "server/main.ts", "--prod"]
