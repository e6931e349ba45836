package io.bothub.skill;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import io.bothub.testsupport.PlatformServiceConformance;
import io.bothub.testsupport.WithRealInfrastructure;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
// The same configuration as the other tests, so that they all share one application context.
@Import(MovableClock.Config.class)
class ServiceStartsTest extends PlatformServiceConformance {
}
