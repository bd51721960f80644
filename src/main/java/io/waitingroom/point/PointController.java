package io.waitingroom.point;

import java.util.List;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.identity.CurrentUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/points")
class PointController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final PointWallet wallet;

    PointController(PointWallet wallet) {
        this.wallet = wallet;
    }

    record ChargeRequest(Long amount) {
    }

    record Balance(long userId, long balance) {
    }

    @GetMapping
    Mono<Balance> balance(@CurrentUser long userId) {
        return wallet.balance(userId).map(balance -> new Balance(userId, balance));
    }

    @PostMapping("/charges")
    Mono<Balance> charge(@CurrentUser long userId,
                         @RequestHeader(value = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
                         @RequestBody ChargeRequest request) {
        if (request.amount() == null) {
            throw new ProblemException(ProblemCode.INVALID_AMOUNT, "amount is required");
        }
        return wallet.charge(userId, request.amount(), IdempotencyKeys.check(idempotencyKey))
                .map(balance -> new Balance(userId, balance));
    }

    @GetMapping("/history")
    Mono<List<LedgerEntry>> history(@CurrentUser long userId) {
        return wallet.history(userId).collectList();
    }
}
