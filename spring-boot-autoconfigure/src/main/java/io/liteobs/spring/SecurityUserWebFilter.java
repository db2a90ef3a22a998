package io.liteobs.spring;

import org.springframework.core.Ordered;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Leaves the name of the user Spring Security authenticated in {@link LiteObsWebFilter#USER_ATTRIBUTE}, where
 * {@link LiteObsWebFilter} finds it when the request completes. It runs just behind Spring Security's filter chain
 * ({@link #ORDER}): only there does the reactive security context hold the authentication; anonymous users are left
 * out.
 */
final class SecurityUserWebFilter implements WebFilter, Ordered {

    /** Just behind Spring Security's {@code WebFilterChainProxy}, whose order is -100. */
    static final int ORDER = -99;

    private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(SecurityUserWebFilter::isUser)
                .doOnNext(user -> exchange.getAttributes().put(LiteObsWebFilter.USER_ATTRIBUTE, user.getName()))
                .then(chain.filter(exchange));
    }

    private static boolean isUser(Authentication authentication) {
        return authentication.isAuthenticated() && !TRUST.isAnonymous(authentication);
    }
}
