package io.bothub.task;

import org.springframework.boot.test.context.SpringBootTest;

import io.bothub.testsupport.PlatformServiceConformance;
import io.bothub.testsupport.WithRealInfrastructure;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class ServiceStartsTest extends PlatformServiceConformance {
}
