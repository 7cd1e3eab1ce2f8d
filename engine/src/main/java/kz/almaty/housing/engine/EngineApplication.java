package kz.almaty.housing.engine;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
// ProcessGauges refreshes on a schedule.
@EnableScheduling
public class EngineApplication {
  public static void main(String[] args) {
    SpringApplication.run(EngineApplication.class, args);
  }

  /**
   * Every REST call is authenticated (HTTP Basic against the engine's identity service) and then runs
   * as that user, so the engine's authorization checks apply to it. The engine is closed: Camunda 7 CE
   * gets no more security fixes after 7.24.0.
   */
  @Bean
  public FilterRegistrationBean<ProcessEngineAuthenticationFilter> restAuthentication(
      @Value("${spring.jersey.application-path:/engine-rest}") String restPath) {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("engine-rest-authentication");
    registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
    registration.addInitParameter("rest-url-pattern-prefix", restPath);
    registration.addUrlPatterns(restPath + "/*");
    return registration;
  }
}
