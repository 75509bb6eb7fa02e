# One image per Veil process, from its executable jar. Build the jars first (./mvnw -DskipTests package), then:
#   docker build -f deploy/docker/service.Dockerfile --build-arg SERVICE=session-service -t veil/session-service .
# SERVICE is session-service, allocation-service, call-router, recording-service, billing-service or
# carrier-simulator. docker-compose.yml builds them all.
FROM eclipse-temurin:25-jre
ARG SERVICE
COPY ${SERVICE}/target/${SERVICE}-0.1.0-SNAPSHOT-exec.jar /app/service.jar
COPY deploy/docker/healthcheck /app/healthcheck
# Recordings (recording-service) live here; mount a volume on it.
RUN mkdir -p /var/lib/veil/recordings && chown 65534:65534 /var/lib/veil/recordings
USER 65534
# The JVM sizes its heap from the container's memory limit; Kubernetes/compose set the limit.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/service.jar"]
