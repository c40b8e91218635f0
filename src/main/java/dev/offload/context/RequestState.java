package dev.offload.context;

import jakarta.enterprise.context.RequestScoped;

/** Per-request state in a {@code @RequestScoped} bean: one instance per request, gone when it ends. */
@RequestScoped
public class RequestState {

    private String requestId;

    public String requestId() {
        return requestId;
    }

    public void requestId(String requestId) {
        this.requestId = requestId;
    }
}
