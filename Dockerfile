# Builds the service from the repository: docker build -t waiting-room .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
# Dependencies in their own layer, so a code change does not download them again.
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY redis redis
COPY src src
RUN ./mvnw -B -ntp -q package -DskipTests \
 && java -Djarmode=tools -jar target/waiting-room-*.jar extract --destination /src/app \
 && mv /src/app/waiting-room-*.jar /src/app/app.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system app && useradd --system --gid app --home /app app
WORKDIR /app
COPY --from=build /src/app /app
# Class data sharing: a training run (embedded Redis and database, stopped once the context is
# refreshed) records the classes the service loads, and every start maps them from app.jsa. It
# halves the start (docs/performance.md), which leaves room for the warm-up before readiness.
RUN java -XX:ArchiveClassesAtExit=/app/app.jsa -Dspring.context.exit=onRefresh -jar /app/app.jar \
      --server.port=0 --logging.level.root=warn \
 && chown -R app:app /app
USER app
# Production mode (docs/operations.md): refuses to start with try-out settings. Set after the
# training run above, which uses the embedded Redis and database on purpose.
ENV WAITING_ROOM_PRODUCTION=true
EXPOSE 8080 8081
# Graceful shutdown (server.shutdown=graceful) needs the JVM to receive SIGTERM itself.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:SharedArchiveFile=/app/app.jsa", "-jar", "/app/app.jar"]
