package dev.veil.carrier.phones;

import dev.veil.platform.phone.PhoneNumber;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The scripts of the simulated phones, by E.164 number. In memory, like everything in the simulator. */
@Component
public class PhoneBook {

    private final Map<String, PhoneScript> scripts = new ConcurrentHashMap<>();

    /** Sets (or replaces) the phone's script. */
    public void put(PhoneNumber phone, PhoneScript script) {
        scripts.put(phone.e164(), script);
    }

    /** Forgets the phone's script: it behaves as an unscripted phone again. */
    public void remove(PhoneNumber phone) {
        scripts.remove(phone.e164());
    }

    /** The phone's script, or {@link PhoneScript#DEFAULT} when none was set. */
    public PhoneScript script(PhoneNumber phone) {
        return scripts.getOrDefault(phone.e164(), PhoneScript.DEFAULT);
    }

    /** Whether someone scripted this phone. */
    public boolean scripted(PhoneNumber phone) {
        return scripts.containsKey(phone.e164());
    }
}
