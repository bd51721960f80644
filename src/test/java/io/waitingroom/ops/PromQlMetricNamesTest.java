package io.waitingroom.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromQlMetricNamesTest {

    @Test
    void aHistogramQuantileNamesOnlyTheBucketSeries() {
        assertThat(PromQlMetricNames.of(
                "histogram_quantile(0.99, sum by (le) (rate(waiting_room_entry_seconds_bucket{instance=~\"$instance\"}[$__rate_interval])))"))
                .containsExactly("waiting_room_entry_seconds_bucket");
    }

    @Test
    void bothSidesOfADivisionAreNamed() {
        assertThat(PromQlMetricNames.of(
                "sum by (db_operation) (rate(lettuce_seconds_sum[1m])) / sum by (db_operation) (rate(lettuce_seconds_count[1m]))"))
                .containsExactly("lettuce_seconds_count", "lettuce_seconds_sum");
    }

    @Test
    void labelValuesThatLookLikeNamesAreNotMetrics() {
        assertThat(PromQlMetricNames.of(
                "sum by (status) (rate(http_server_requests_seconds_count{uri!~\"/actuator.*\",outcome='SERVER_ERROR',x=`raw`}[5m]))"))
                .containsExactly("http_server_requests_seconds_count");
    }

    @Test
    void keywordsModifiersNumbersAndFunctionsAreNotMetrics() {
        assertThat(PromQlMetricNames.of(
                "sum(rate(a_total[5m] offset 1h)) or vector(0) unless on(instance) group_left(version) b_info > bool 1e3 and c @ 1700000000"))
                .containsExactly("a_total", "b_info", "c");
        assertThat(PromQlMetricNames.of("max_over_time(up{job=\"waiting-room\"}[10m:1m])")).containsExactly("up");
        assertThat(PromQlMetricNames.of("sum (rate (x_total [5m])) without (instance)")).containsExactly("x_total");
    }

    @Test
    void aSelectorByNameIsRefusedRatherThanSkipped() {
        assertThatThrownBy(() -> PromQlMetricNames.of("rate({__name__=\"x_total\"}[5m])"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
