package io.waitingroom.payment;

import io.waitingroom.identity.CurrentUser;
import io.waitingroom.point.IdempotencyKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/payments")
class PaymentController {

    private final PayingReservation paying;

    PaymentController(PayingReservation paying) {
        this.paying = paying;
    }

    record PaymentRequest(@NotNull @Positive Long reservationId) {
    }

    record PaymentView(long paymentId, long reservationId, long amount, long balance, String status) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<PaymentView> pay(@CurrentUser long userId,
                          @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
                          @Valid @RequestBody PaymentRequest request) {
        return paying.pay(userId, request.reservationId(), IdempotencyKeys.check(idempotencyKey))
                .map(receipt -> new PaymentView(receipt.paymentId(), receipt.reservationId(), receipt.amount(),
                        receipt.balance(), "PAID"));
    }
}
