package dev.veil.platform.apidocs;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import java.util.List;

/**
 * The OpenAPI document every service serves at {@code /v3/api-docs} (JSON) and {@code /v3/api-docs.yaml}, generated
 * by springdoc from the service's endpoints. It names the service, uses a fixed relative server (so the document is
 * the same wherever the service runs and can be checked in) and declares how each path is authenticated: the
 * Plivo-compatible API ({@code /v1/Account/...}) with the account's auth id and token, the admin API
 * ({@code /admin/...}) with the operator's credentials; internal and carrier endpoints have no HTTP credentials
 * (the carrier's webhooks are signed instead).
 */
@AutoConfiguration
@ConditionalOnClass(OpenAPI.class)
public class ApiDocsAutoConfiguration {

    static final String ACCOUNT_AUTH = "accountAuth";
    static final String ADMIN_AUTH = "adminAuth";

    @Bean
    @ConditionalOnMissingBean
    OpenAPI veilOpenApi(@Value("${spring.application.name}") String service,
            @Value("${veil.api-docs.description:}") String description) {
        return new OpenAPI()
                .info(new Info().title("Veil " + service).version("v1").description(description.isBlank() ? null
                        : description))
                .servers(List.of(new Server().url("/")
                        .description("this service; the public API is reached through the gateway's base URL")))
                .components(new Components()
                        .addSecuritySchemes(ACCOUNT_AUTH, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("basic").description("HTTP Basic with the account's auth id and auth token, "
                                        + "as the Plivo SDKs send them"))
                        .addSecuritySchemes(ADMIN_AUTH, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("basic").description("HTTP Basic with the operator's admin credentials")));
    }

    @Bean
    OpenApiCustomizer veilSecurityRequirements() {
        return api -> {
            if (api.getPaths() == null) {
                return;
            }
            api.getPaths().forEach((path, item) -> {
                String scheme = path.startsWith("/v1/Account/") ? ACCOUNT_AUTH
                        : path.startsWith("/admin/") ? ADMIN_AUTH : null;
                if (scheme != null) {
                    item.readOperations().forEach(op -> op.setSecurity(List.of(new SecurityRequirement()
                            .addList(scheme))));
                }
            });
        };
    }
}
