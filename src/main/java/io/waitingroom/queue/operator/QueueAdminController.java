package io.waitingroom.queue.operator;

import io.waitingroom.queue.QueueSettings;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/admin/queues/{concertId}/settings")
class QueueAdminController {

    static final String ADMIN_KEY = "X-Admin-Key";

    private final QueueSettingsAdmin admin;

    QueueAdminController(QueueSettingsAdmin admin) {
        this.admin = admin;
    }

    @GetMapping
    Mono<QueueSettings> current(@RequestHeader(value = ADMIN_KEY, required = false) String key, @PathVariable long concertId) {
        return admin.current(key, concertId);
    }

    @PutMapping
    Mono<QueueSettings> change(@RequestHeader(value = ADMIN_KEY, required = false) String key, @PathVariable long concertId,
                               @RequestBody QueueSettingsAdmin.SettingsChange change) {
        return admin.change(key, concertId, change);
    }
}
