package io.streamcast.records;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrainingReportTest {

    @Test
    void theSummarySaysWhichModelWonAgainstWhich() {
        TrainingReport first = new TrainingReport(0, 18, 4, 8, 0.0764, 0.045795, 0.048641, 0.048641, true, 1, 7.77);
        TrainingReport better = new TrainingReport(0, 96, 24, 5, 0.18, 0.16242, 0.16314, 0.1652, true, 11, 5.24);
        TrainingReport worse = new TrainingReport(0, 96, 24, 4, 0.18, 0.16494, 0.16471, 0.1667, false, 8, 5.1);
        TrainingReport noBetterThanNaive = new TrainingReport(0, 10, 2, 4, 0.36, 0.61, 0.59, 0.59, false, 0, 3.0);

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
