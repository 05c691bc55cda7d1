# mediarelay image (issue 13): build with Maven, run as a non-root user on a JRE. `docker build -t mediarelay .`
# The runtime reads config/ (profile files) and routes/ from its working directory /app; in Kubernetes routes/ comes from
# ConfigMaps mounted over /app/routes/<folder> (deploy/kubernetes), and is reloaded when they change.

# ---- build stage: the jar and its lib/ (maven-dependency-plugin copies runtime dependencies next to the jar) ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
RUN mvn -B -ntp -q dependency:go-offline
COPY src ./src
RUN mvn -B -ntp -q -DskipTests package

# ---- runtime stage ----
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 mediarelay && useradd --system --uid 10001 --gid mediarelay --home-dir /app mediarelay
WORKDIR /app
COPY --from=build /src/target/mediarelay.jar ./mediarelay.jar
COPY --from=build /src/target/lib ./lib
COPY bin/jvm.options ./jvm.options
COPY config ./config
COPY routes ./routes
# data/: dead-letter payloads, H2 when no PostgreSQL is configured; a volume in Kubernetes
RUN mkdir -p /app/data && chown -R mediarelay:mediarelay /app/data
USER 10001:10001
# production profile: every endpoint and secret from the environment (config/application-production.properties);
# the HTTP API and the management server (health, metrics) listen on all interfaces so that probes reach them
ENV MEDIARELAY_PROFILE=production \
    MEDIARELAY_HTTP_HOST=0.0.0.0 \
    MEDIARELAY_MANAGEMENT_HOST=0.0.0.0
# camel.server.port (HTTP API, admin) and camel.management.port (health, metrics): the production defaults
EXPOSE 8280 9876
ENTRYPOINT ["sh", "-c", "exec java @/app/jvm.options $JAVA_OPTS -jar /app/mediarelay.jar \"$@\"", "mediarelay"]
CMD ["run"]
