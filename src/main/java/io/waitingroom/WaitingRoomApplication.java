package io.waitingroom;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
@OpenAPIDefinition(info = @Info(title = "Waiting room and booking API", version = "v1",
        description = "Queue tokens, admission, seats, holds, points and payments. Errors are RFC 9457 problem+json with a stable code."))
public class WaitingRoomApplication {

    public static void main(String[] args) {
        SpringApplication.run(WaitingRoomApplication.class, args);
    }
}
