package io.streamcast.records;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrainingReportTest {

    @Test
    void theSummarySaysWhichModelWonAgainstWhich() {
        TrainingReport first = TrainingReport.builder().windows(18, 4).epochs(8).trainLoss(0.0764)
                .heldOutErrors(0.045795, 0.048641, 0.048641).accepted(true).version(1).seconds(7.77).build();
        TrainingReport better = TrainingReport.builder().windows(96, 24).epochs(5).trainLoss(0.18)
                .heldOutErrors(0.16242, 0.16314, 0.1652).accepted(true).version(11).seconds(5.24).build();
        TrainingReport worse = TrainingReport.builder().windows(96, 24).epochs(4).trainLoss(0.18)
                .heldOutErrors(0.16494, 0.16471, 0.1667).version(8).seconds(5.1).build();
        TrainingReport noBetterThanNaive = TrainingReport.builder().windows(10, 2).epochs(4).trainLoss(0.36)
                .heldOutErrors(0.61, 0.59, 0.59).seconds(3.0).build();

        assertThat(first.summary()).isEqualTo("accepted as model v1: held-out error 0.04580 against the naive "
                + "forecast's 0.04864; 18 training windows (4 held out), 8 epochs, 7.8 s");
        assertThat(better.summary()).startsWith("accepted as model v11: held-out error 0.1624 against model v10's 0.1631 "
                + "(the naive forecast's 0.1652);");
        assertThat(worse.summary()).isEqualTo("not better, model v8 stays: held-out error 0.1649 against model v8's "
                + "0.1647 (the naive forecast's 0.1667); 96 training windows (24 held out), 4 epochs, 5.1 s");
        assertThat(noBetterThanNaive.summary())
                .startsWith("not better, the naive forecast stays: held-out error 0.6100 against the naive forecast's 0.5900;");
    }
}
