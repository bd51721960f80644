package io.waitingroom.queue.operator;

import io.waitingroom.queue.QueueSettings;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/admin/queues/{concertId}")
class QueueAdminController {

    static final String ADMIN_KEY = "X-Admin-Key";

    private final QueueSettingsAdmin admin;
    private final QueueEvents events;

    QueueAdminController(QueueSettingsAdmin admin, QueueEvents events) {
        this.admin = admin;
        this.events = events;
    }

    @GetMapping("/settings")
    Mono<QueueSettings> current(@RequestHeader(value = ADMIN_KEY, required = false) String key, @PathVariable long concertId) {
        return admin.current(key, concertId);
    }

    @PutMapping("/settings")
    Mono<QueueSettings> change(@RequestHeader(value = ADMIN_KEY, required = false) String key, @PathVariable long concertId,
                               @RequestBody QueueSettingsAdmin.SettingsChange change) {
        return admin.change(key, concertId, change).doOnNext(changed -> events.changed(concertId));
    }

    /**
     * The console's feed: server-sent events, one a second and one at once after a change. Exempt
     * from the request deadline on purpose (waiting-room.web.long-lived-paths); it ends when the
     * client goes. The key is checked before the stream starts, so a wrong key is a plain 401.
     */
    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<QueueEvents.QueueEvent>> events(@RequestHeader(value = ADMIN_KEY, required = false) String key,
                                                        @PathVariable long concertId) {
        return admin.current(key, concertId)
                .thenMany(events.of(concertId))
                .map(event -> ServerSentEvent.builder(event).event("queue").build());
    }
}
