# One image per service: docker build -f deploy/docker/service.Dockerfile --build-arg SERVICE=session-service .
# after `./mvnw -DskipTests package` has built the service's executable jar.
FROM eclipse-temurin:25-jre
ARG SERVICE
COPY ${SERVICE}/target/${SERVICE}-0.1.0-SNAPSHOT-exec.jar /app/service.jar
USER 65534
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/service.jar"]
