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
 && cp target/waiting-room-*.jar /src/app.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system app && useradd --system --gid app --home /app app
WORKDIR /app
COPY --from=build /src/app.jar app.jar
USER app
EXPOSE 8080
# Graceful shutdown (server.shutdown=graceful) needs the JVM to receive SIGTERM itself.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
