import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One save of a diagram from the modeler; deploying it fills the deployment columns. */
@Entity({ name: 'model_drafts' })
export class ModelDraftEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id!: number;

  /** The id of the diagram's executable process. */
  @Column({ name: 'bpmn_process_id', type: 'varchar', length: 255 })
  bpmnProcessId!: string;

  @Column({ name: 'name', type: 'varchar', length: 255, nullable: true })
  name!: string | null;

  @Column({ name: 'xml', type: 'text' })
  xml!: string;

  @Column({ name: 'saved_by', type: 'varchar', length: 100 })
  savedBy!: string;

  @Column({ name: 'saved_at', type: 'datetime', precision: 3 })
  savedAt!: Date;

  /** The process definition that deploying this draft created or matched. */
  @Column({ name: 'process_definition_key', type: 'varchar', length: 32, nullable: true })
  processDefinitionKey!: string | null;

  @Column({ name: 'process_version', type: 'int', nullable: true })
  processVersion!: number | null;

  @Column({ name: 'deployed_by', type: 'varchar', length: 100, nullable: true })
  deployedBy!: string | null;

  @Column({ name: 'deployed_at', type: 'datetime', precision: 3, nullable: true })
  deployedAt!: Date | null;
}
