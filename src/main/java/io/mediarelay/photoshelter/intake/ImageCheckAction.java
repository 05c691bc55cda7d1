package io.mediarelay.photoshelter.intake;

import java.io.File;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFile;

/**
 * The image-check-action step: the file body must be a complete image ({@link ImageCheck}); otherwise an
 * {@link InvalidImageException} with the reason. Needs a file body (a local file, or a remote consumer with a
 * localWorkDirectory) because it reads the end of the file.
 */
public final class ImageCheckAction implements Processor {

    private final ImageCheck check;

    public ImageCheckAction(ImageCheck check) {
        this.check = check;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Object body = exchange.getMessage().getBody();
        Path file = null;
        if (body instanceof GenericFile<?> gf && gf.getFile() instanceof File f) file = f.toPath();
        else if (body instanceof GenericFile<?> gf && gf.getBody() instanceof File f) file = f.toPath();
        else if (body instanceof File f) file = f.toPath();
        else if (body instanceof Path p) file = p;
        if (file == null) {
            throw new IllegalArgumentException("image check needs a file body (use a localWorkDirectory on remote consumers), got "
                    + (body == null ? "null" : body.getClass().getSimpleName()));
        }
        String name = exchange.getMessage().getHeader(IntakeHeaders.UPLOAD_NAME,
                exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, file.getFileName().toString(), String.class), String.class);
        check.check(file, name);
    }
}
