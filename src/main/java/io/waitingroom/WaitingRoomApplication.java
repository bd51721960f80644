package io.waitingroom;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class WaitingRoomApplication {

    public static void main(String[] args) {
        SpringApplication.run(WaitingRoomApplication.class, args);
    }
}
